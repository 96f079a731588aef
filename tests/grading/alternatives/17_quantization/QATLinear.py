# Alternative: the bias added through the Tensor + operator on a broadcast, written as an explicit if.
### BEGIN SOLUTION
w_q = fake_quantize(self.weight, bits=self.bits, group_size=self.group_size)
out = x @ w_q
if self.bias is not None:
    out = out + self.bias
return out
### END SOLUTION

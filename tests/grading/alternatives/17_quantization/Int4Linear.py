# Alternative: the bias copied with .copy(); the weights rebuilt from the 2-D table (INT4_PAIRS[packed], a row
# gather: slower, same values) and the scales repeated along the input axis.
### BEGIN SOLUTION
codes, scales = quantize_groups(linear.weight, bits=bits, group_size=group_size)
layer.weight_scale = Tensor(scales)
layer.weight_packed = Tensor(pack_int4(codes))
layer.bias = None if linear.bias is None else Tensor(linear.bias.data.astype(np.float32).copy())
### END SOLUTION
### BEGIN SOLUTION
pairs = INT4_PAIRS[self.weight_packed.data]
codes = pairs.reshape(self.in_features, 2 * self.weight_packed.shape[1])[:, :self.out_features]
return codes * np.repeat(self.weight_scale.data.astype(np.float32), self.group_size, axis=0)
### END SOLUTION

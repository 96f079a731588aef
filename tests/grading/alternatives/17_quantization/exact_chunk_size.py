# Alternative: the largest multiple of the product that fits, divided by the product.
### BEGIN SOLUTION
product = int(max_abs_a) * int(max_abs_b)
return (FLOAT32_EXACT_INTS - FLOAT32_EXACT_INTS % product) // product
### END SOLUTION

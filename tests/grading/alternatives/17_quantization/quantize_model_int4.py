# Alternative: the to_linear() layers first converted to Linear, then every Linear replaced, in two passes.
### BEGIN SOLUTION
target = copy.deepcopy(model) if not inplace else model
dense = {id(m): m.to_linear() for m in target.modules() if hasattr(m, "to_linear") and callable(m.to_linear)}
replace_modules(target, dense)
replace_modules(target, {id(m): Int4Linear.from_float(m, group_size=group_size, bits=bits)
                         for m in target.modules() if isinstance(m, Linear)})
return target
### END SOLUTION

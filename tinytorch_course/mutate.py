"""Mutation operators: small, plausible bugs applied to the solution regions of a notebook (hand-written).

`cell_mutants(source, grade_id)` parses one solution cell, and for every AST node that lies entirely inside a
solution region (between nbgrader's BEGIN SOLUTION and END SOLUTION marker comments) yields the mutants of that node:

    arith      + <-> -,  * <-> /,  / -> //,  // -> /,  ** -> *,  % -> //,  @ -> *   (also in `x += ...`)
    compare    < <-> <=,  > <-> >=,  == <-> !=,  is <-> is not,  in <-> not in
    const      an integer constant n -> n + 1 and n - 1
    bound      range() arguments and slice bounds: e -> e + 1 and e - 1
    axis       `axis=k` dropped, or replaced by another axis
    drop-call  np.clip / rint / round / around / floor / ceil / trunc, round(): the call replaced by its first
               argument; x.astype(...) and x.copy() replaced by x
    swap-args  two neighbouring positional arguments of a call swapped (not for symmetric functions such as
               min or np.result_type, nor two string labels, which only reach error messages)
    boolop     and <-> or
    unary      `not` dropped, unary minus dropped
    return     `return e` -> `return None`, `yield e` -> `yield None`
    dtype      float32 <-> float64 (np.float32 attributes and 'float32' strings)

Error-message construction is not mutated (f-strings, `raise` statements, print/warn calls): a different message
is not a bug the tests should chase. The mutated node's text is spliced into the original cell text, so a mutant
differs from the reference in exactly one place and its diff reads like a code review. Mutants that do not compile,
that are no-ops, or that duplicate an earlier mutant's source are not generated. Enumeration order is the order of
the nodes in the source (deterministic).
"""
import ast
import copy
import difflib
import hashlib
from dataclasses import dataclass, field

from tinytorch_course.notebook_cells import solution_regions, strip_magics

__all__ = ["Mutant", "cell_mutants", "cell_diff"]

_ARITH = {ast.Add: (ast.Sub,), ast.Sub: (ast.Add,), ast.Mult: (ast.Div,), ast.Div: (ast.Mult, ast.FloorDiv),
          ast.FloorDiv: (ast.Div,), ast.Pow: (ast.Mult,), ast.Mod: (ast.FloorDiv,), ast.MatMult: (ast.Mult,)}
_COMPARE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
            ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
_DROPPABLE_FUNCTIONS = {"clip", "rint", "round", "around", "floor", "ceil", "trunc"}
_DROPPABLE_METHODS = {"astype", "copy"}
_DTYPES = {"float32": "float64", "float64": "float32"}
_MESSAGE_CALLS = {"print", "warn"}          # output only: mutating what they print is not a grading concern
# Swapping the arguments of these gives the same result by definition: such mutants could only ever be equivalent.
_SYMMETRIC = {"result_type", "promote_types", "broadcast_shapes", "min", "max", "minimum", "maximum", "add",
              "multiply", "hypot", "gcd", "lcm", "array_equal", "allclose"}


@dataclass
class Mutant:
    """One mutated solution cell.

    `key` is stable while the mutated line and its function stay the same (it does not depend on line numbers), so
    an allow-list of equivalent mutants survives edits elsewhere in the notebook."""
    grade_id: str          # the solution cell's grade id
    function: str          # qualified name of the enclosing function ('KVCache.append'), or '<cell>'
    operator: str          # family, e.g. 'compare'
    description: str       # e.g. '`<` -> `<=`'
    line: int              # 1-based line in the cell where the mutated node starts
    source: str            # the whole mutated cell (magics blanked), ready to exec
    diff: str = ""         # unified diff of the cell, reference -> mutant
    key: str = field(default="")


def cell_mutants(source: str, grade_id: str) -> list:
    "Every mutant of the solution regions of one solution cell's `source`, in source order."
    source = strip_magics(source)
    tree = ast.parse(source)
    regions = solution_regions(source)
    original = ast.dump(tree)
    seen, mutants, occurrences = {source}, [], {}
    for node, function in _nodes_in_regions(tree, regions):
        for replacement, operator, description in _node_mutations(node):
            text = _splice(source, node, replacement)
            if text in seen or not _compiles(text) or ast.dump(ast.parse(text)) == original:
                continue
            seen.add(text)
            mutant = Mutant(grade_id, function, operator, description, node.lineno, text)
            mutant.diff = cell_diff(source, text, grade_id)
            basis = f"{function}\0{ast.get_source_segment(source, node)}\0{replacement}"
            occurrences[basis] = occurrences.get(basis, 0) + 1
            digest = hashlib.sha1(f"{basis}\0{occurrences[basis]}".encode()).hexdigest()[:8]
            mutant.key = f"{grade_id}:{function}:{operator}:{digest}"
            mutants.append(mutant)
    return mutants


def _nodes_in_regions(tree, regions):
    "(node, enclosing function name) for nodes lying inside a solution region, skipping message-building code."
    def visit(node, scope):
        if _is_message_code(node):
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope = f"{scope}.{node.name}" if scope != "<cell>" else node.name
        if _inside(node, regions):
            yield node, scope
        for child in ast.iter_child_nodes(node):
            yield from visit(child, scope)
    yield from visit(tree, "<cell>")


def _is_message_code(node) -> bool:
    "f-strings, raise statements, docstrings and print/warn calls: text for people, not behaviour to grade."
    if isinstance(node, (ast.JoinedStr, ast.Raise)):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
        return True
    return isinstance(node, ast.Call) and _call_name(node) in _MESSAGE_CALLS


def _inside(node, regions) -> bool:
    lineno = getattr(node, "lineno", None)
    return lineno is not None and any(first <= lineno and node.end_lineno <= last for first, last in regions)


def _call_name(call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _node_mutations(node):
    "(replacement source for `node`, operator family, description) for every mutation of this one node."
    if isinstance(node, ast.BinOp):
        for new_op in _ARITH.get(type(node.op), ()):
            yield _paren(_with(node, op=new_op())), "arith", f"`{_op(node.op)}` -> `{_op(new_op())}`"
    elif isinstance(node, ast.AugAssign):
        for new_op in _ARITH.get(type(node.op), ()):
            yield ast.unparse(_with(node, op=new_op())), "arith", f"`{_op(node.op)}=` -> `{_op(new_op())}=`"
    elif isinstance(node, ast.Compare):
        for i, cmp in enumerate(node.ops):
            if type(cmp) in _COMPARE:
                ops = list(node.ops)
                ops[i] = _COMPARE[type(cmp)]()
                yield _paren(_with(node, ops=ops)), "compare", f"`{_op(cmp)}` -> `{_op(ops[i])}`"
    elif isinstance(node, ast.Constant):
        yield from _constant_mutations(node)
    elif isinstance(node, ast.Call):
        yield from _call_mutations(node)
    elif isinstance(node, ast.Slice):
        for bound in ("lower", "upper"):
            value = getattr(node, bound)
            if value is not None and not _is_int_constant(value):
                for delta in (1, -1):
                    yield ast.unparse(_with(node, **{bound: _plus(value, delta)})), "bound", \
                        f"slice {bound} bound {delta:+d}"
    elif isinstance(node, ast.BoolOp):
        new_op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield _paren(_with(node, op=new_op)), "boolop", f"`{_op(node.op)}` -> `{_op(new_op)}`"
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
        yield _paren(node.operand), "unary", f"`{_op(node.op)}` dropped"
    elif isinstance(node, ast.Return) and node.value is not None and not _is_none(node.value):
        yield "return None", "return", "returns None"
    elif isinstance(node, ast.Yield) and node.value is not None and not _is_none(node.value):
        yield "(yield None)", "return", "yields None"
    elif isinstance(node, ast.Attribute) and node.attr in _DTYPES:
        yield ast.unparse(_with(node, attr=_DTYPES[node.attr])), "dtype", f"{node.attr} -> {_DTYPES[node.attr]}"


def _constant_mutations(node):
    value = node.value
    if isinstance(value, int) and not isinstance(value, bool):
        for delta in (1, -1):
            yield repr(value + delta), "const", f"{value} -> {value + delta}"
    elif isinstance(value, str) and value in _DTYPES:
        yield repr(_DTYPES[value]), "dtype", f"'{value}' -> '{_DTYPES[value]}'"


def _call_mutations(call):
    name = _call_name(call)
    if name == "range" and isinstance(call.func, ast.Name):
        for i, arg in enumerate(call.args):
            if not _is_int_constant(arg):
                for delta in (1, -1):
                    args = list(call.args)
                    args[i] = _plus(arg, delta)
                    yield ast.unparse(_with(call, args=args)), "bound", f"range() argument {i + 1} {delta:+d}"
    if name in _DROPPABLE_FUNCTIONS and call.args and not isinstance(call.args[0], ast.Starred):
        yield _paren(call.args[0]), "drop-call", f"`{name}(...)` dropped"
    if name in _DROPPABLE_METHODS and isinstance(call.func, ast.Attribute):
        yield _paren(call.func.value), "drop-call", f"`.{name}(...)` dropped"
    for i, keyword in enumerate(call.keywords):
        if keyword.arg == "axis":
            others = [k for k in call.keywords if k is not keyword]
            yield ast.unparse(_with(call, keywords=others)), "axis", "`axis=` dropped"
            if _is_int_constant(keyword.value):
                other = 0 if keyword.value.value != 0 else 1
                changed = copy.deepcopy(call)
                changed.keywords[i].value = ast.Constant(other)
                yield ast.unparse(changed), "axis", f"axis={keyword.value.value} -> axis={other}"
    positional = call.args
    if len(positional) >= 2 and name not in _SYMMETRIC and not any(isinstance(a, ast.Starred) for a in positional):
        for i in range(len(positional) - 1):
            if _is_str_constant(positional[i]) and _is_str_constant(positional[i + 1]):
                continue                      # two labels (a name and a function name): they only reach messages
            args = list(positional)
            args[i], args[i + 1] = args[i + 1], args[i]
            yield ast.unparse(_with(call, args=args)), "swap-args", f"arguments {i + 1} and {i + 2} swapped"


def _with(node, **changes):
    "A deep copy of `node` with some fields replaced."
    new = copy.deepcopy(node)
    for name, value in changes.items():
        setattr(new, name, value)
    return new


def _plus(expr, delta):
    return ast.BinOp(left=copy.deepcopy(expr), op=ast.Add() if delta > 0 else ast.Sub(), right=ast.Constant(1))


def _paren(node) -> str:
    "Source for an expression, parenthesised so it keeps its meaning wherever it is spliced."
    return f"({ast.unparse(node)})"


def _is_int_constant(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool)


def _is_str_constant(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_none(node) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _op(op) -> str:
    "The operator's source text (`+`, `<=`, `not`, ...)."
    if isinstance(op, ast.boolop):
        return "and" if isinstance(op, ast.And) else "or"
    if isinstance(op, ast.cmpop):
        return ast.unparse(ast.Compare(left=ast.Name("a"), ops=[op], comparators=[ast.Name("b")]))[2:-2]
    if isinstance(op, ast.unaryop):
        return "not" if isinstance(op, ast.Not) else ast.unparse(ast.UnaryOp(op=op, operand=ast.Name("a")))[:-1]
    return ast.unparse(ast.BinOp(left=ast.Name("a"), op=op, right=ast.Name("b")))[2:-2]


def _splice(source: str, node, replacement: str) -> str:
    "`source` with the text of `node` (ast positions: 1-based lines, UTF-8 byte columns) replaced."
    lines = source.split("\n")
    start = _offset(lines, node.lineno, node.col_offset)
    end = _offset(lines, node.end_lineno, node.end_col_offset)
    return source[:start] + replacement + source[end:]


def _offset(lines, lineno, byte_col) -> int:
    "Character offset in '\\n'.join(lines) of (1-based line, byte column)."
    before = sum(len(line) + 1 for line in lines[:lineno - 1])
    return before + len(lines[lineno - 1].encode()[:byte_col].decode())


def _compiles(text: str) -> bool:
    try:
        compile(text, "<mutant>", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def cell_diff(reference: str, mutant: str, grade_id: str) -> str:
    "Unified diff of a cell, reference -> mutant, two lines of context."
    return "\n".join(difflib.unified_diff(reference.split("\n"), mutant.split("\n"), f"{grade_id} (reference)",
                                          f"{grade_id} (mutant)", n=2, lineterm=""))

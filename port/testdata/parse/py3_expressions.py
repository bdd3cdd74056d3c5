f = lambda: 0
g = lambda x, y=2, *a, k, **kw: x + y
h = lambda *, k: k
squares = [x * x for x in range(10) if x % 2 if x > 2]
pairs = [(x, y) for x in range(3) for y in range(x)]
evens = {x for x in xs if not x % 2}
table = {k: v for k, v in zip(keys, values)}
total = sum(x for x in xs)
nested = [[y for y in row] for row in grid]
gen = (x for x in xs)
lst = xs[1:2], xs[::2], xs[1:], xs[:-1], xs[::], xs[a:b:c], xs[:, 1], xs[...]
cond = a if b else c if d else e
chained = 0 < n <= 10 != m
member = a not in b and c is not d or e in f and g is h
negated = not a == b
power = -2 ** -x
bits = a | b & c ^ d << 1 >> 2
arith = a + b - c * d / e // f % g @ h
unary = -a + +b - ~c
call = f(a, *args, key=1, **kwargs)
splat = [*a, *b], {*a}, {**a, "k": 1}, (*a, *b)
walrus = [y for x in xs if (y := f(x))]
if (n := len(xs)) > 10:
    pass
attr = obj.a.b.c(1)[2].d
empty = (), [], {}, ""
single = (1,)
nums = 1_000, 0x_ff, 1e10, 1.5j, .5, 5., 0o17, 0b1010
consts = True, False, None, ...
long_call = function(argument_one,
                     argument_two,  # a comment in the arguments
                     argument_three)
dictionary = {
    "a": 1,  # first
    # between the entries
    "b": 2,
}
condition = (a and
             b or
             c)
ternary = (x
           if y
           else z)
result = await_ = print_ = exec_ = 1
match = 1
type = 2
print(match, type)

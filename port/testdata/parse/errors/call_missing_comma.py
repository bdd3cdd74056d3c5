foo(a b,
  c)
z = 1

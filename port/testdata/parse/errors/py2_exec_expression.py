# exec with an expression for its code: tree-sitter-python reads exec as a
# name there and the code as an error.
exec compile(source, "<string>", "exec") in namespace
exec "x = %d" % n
exec code.strip() in g, l
exec "import " + name

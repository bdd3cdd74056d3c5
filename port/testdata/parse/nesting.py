def f():
    def g():
        def h():
            if a:
                for b in c:
                    while d:
                        with e:
                            try:
                                x = ((((((((((1))))))))))
                            except E:
                                pass
                    # comment at the while's level
        # comment at g's body level
    return g

# trailing comment, then blank lines



# Classes: user exceptions, nested classes, computed class attributes,
# private names.


class EndSession(Exception):
    pass


class Server(object):
    class Config:
        port = 25

        def describe(self):
            return "port %d" % self.port

    verbose = False
    if verbose:
        level = 2
    else:
        level = 1
    names = ["a", "b"]
    count = len(names) + level
    for i in range(3):
        count += i
    del i

    def __init__(self, name):
        self.__name = name
        self.__hits = 0

    def __bump(self):
        self.__hits += 1
        return self.__hits

    def hit(self):
        return self.__bump()

    def make_handler(self):
        class Handler(object):
            def run(self):
                return "handled"
        return Handler()


s = Server("main")
print(s.hit(), s.hit(), s._Server__hits)
print(Server.level, Server.count, s.Config().describe())
print(s.make_handler().run())
try:
    raise EndSession("over")
except EndSession as e:
    print("ended:", str(e))

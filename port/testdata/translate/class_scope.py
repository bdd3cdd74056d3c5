# A class body reads a name before it binds it: Python takes the global
# (pyftpdlib's FTPHandler: proto_cmds = proto_cmds).
proto_cmds = {'USER': 1}
if len(proto_cmds) == 1:
    proto_cmds['PASS'] = 2
level = 5


class Handler(object):
    proto_cmds = proto_cmds
    if len(proto_cmds) > 1:
        size = len(proto_cmds)
    level = level + size

    def count(self):
        return len(self.proto_cmds)


print(sorted(Handler.proto_cmds), Handler.size, Handler.level, level)
print(Handler().count())

import asyncore

class Echo(asyncore.dispatcher_with_send):  # echo
    def handle_read(self):
        data = self.recv(8192)
        if data:
            self.send(data)
        # done

s = '''a
b'''
t = (1,
     2)
u = 1 + \
    2

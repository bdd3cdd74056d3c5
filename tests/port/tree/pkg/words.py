GREETING = 'hello'


def shout(s):
    return s.upper() + '!'


if __name__ == '__main__':
    print('words run as the program')

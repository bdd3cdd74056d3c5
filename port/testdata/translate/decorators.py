# Decorators (pyftpdlib's authorizers and IO loop): @classmethod, a
# decorator of the program's on methods and on functions, several on one
# definition, one with arguments.


def replace_anonymous(callable):
    """Replaces the user name 'anonymous' with the anonymous user."""
    def wrapper(self, username, *args, **kwargs):
        if username == 'anonymous':
            username = self.anonymous_user or username
        return callable(self, username, *args, **kwargs)
    return wrapper


def tagged(tag):
    def wrap(fn):
        def inner(*args):
            return tag + ":" + fn(*args)
        return inner
    return wrap


class Authorizer(object):
    anonymous_user = "ftp"
    _instance = None

    @replace_anonymous
    def has_user(self, username):
        return username == "ftp"

    @tagged("home")
    @replace_anonymous
    def get_home_dir(self, username):
        return "/users/" + username

    @classmethod
    def instance(cls):
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    @staticmethod
    def version():
        return "1.5"


class Sub(Authorizer):
    anonymous_user = None


@tagged("f")
def shout(s):
    return s.upper()


a = Authorizer.instance()
print(a is Authorizer.instance(), Sub.instance() is a, type(Sub.instance()).__name__)
print(a.has_user("anonymous"), a.has_user("bob"), Sub().has_user("anonymous"))
print(a.get_home_dir("anonymous"), Authorizer.version(), shout("hi"))

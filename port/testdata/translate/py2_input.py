# port-test: translate only (Python 2's input evaluates what it reads)
def ask():
    name = raw_input("name: ")
    age = input("age: ")
    print "%s is %d" % (name, age)

# port-test: translate only (open() is needed to run it)
# with on files.


def save(path, data):
    with open(path, "w") as f:
        f.write(data)


def load(path):
    with open(path) as f:
        return f.read()


def first_line(path):
    with open(path) as f:  # the file
        for line in f:
            if line.strip():
                return line
    return ""

counts = {}


def count(what):
    counts[what] = counts.get(what, 0) + 1


def report():
    return ', '.join(['%s=%d' % (k, counts[k]) for k in sorted(counts)])

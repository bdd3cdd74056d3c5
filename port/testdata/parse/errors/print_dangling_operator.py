print "a" +
print "b"

if x:
    exec 'import '+name
    exec 'f = '+name+'.new'
    print 1

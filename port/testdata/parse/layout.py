# a comment at the top

import sys   
    
	
class A:
    # comment before the first member

    x = 1  # trailing comment
        # comment indented deeper than the block
    # comment at the block's level
  # comment between the levels
    def f(self):  # comment after the colon
        # comment before the first statement
        if self.x:
            return 1
            # comment after the last statement of a nested block
        # comment after a nested block, at the outer level
        return 2
# comment at the left margin inside the class
    def g(self):
        pass


    # comment after the last method
# comment after the class
x = 1; y = 2; z = 3;
total = x + \
    y + \
    z
if x and \
   y:
    pass
items = [
    1,

    # a comment inside brackets
    2,
]
def tabs():
	if x:
		return 1
	else:
	        return 2

def after_form_feed():
    pass
while True: break
for i in x: pass
if x: pass
elif y: pass
else: pass
class Empty: pass
def one_line(): return 1
with a: pass
try: pass
except: pass
# the last line is a comment
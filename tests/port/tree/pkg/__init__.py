from .words import GREETING

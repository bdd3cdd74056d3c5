"""Python 3.8 to 3.12 syntax the translator leaves for a person."""
from typing import Callable, Dict, List, Optional


def handle(command, *args: str, **kw: int) -> Optional[int]:
    match command.split():
        case ["quit" | "exit"]:
            return 0
        case ["go", direction] if direction in DIRECTIONS:
            return move(direction)
        case Point(x=0, y=0) as origin:
            return origin
        case {"action": action, **rest}:
            return rest
        case [first, *others]:
            return len(others)
        case -1 | 1.5 | 2+3j | None | True:
            return None
        case _:
            return -1


type Pair[T] = tuple[T, T]
Table: Dict[str, List[int]] | None = None
callback: Callable[[int], str]


def first[T](items: list[T]) -> T:
    return items[0]


if (n := len(sys.argv)) > 1:
    print(f"{n=} {sys.argv[1]!r:>{n}} {'nested' + f'{n:{n}}'}")

try:
    run()
except* (ValueError, TypeError) as group:
    pass

match = {"not": "a statement"}
match["not"]

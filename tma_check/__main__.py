"""``python -m tma_check``: the same as the ``tma-check`` command."""

from tma_check.launch import main

if __name__ == "__main__":
    main()

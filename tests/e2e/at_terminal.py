#!/usr/bin/python3
"""Runs a command at a terminal of its own (a pty), as a person at a screen
would, for the shell tests of what the CLI does only there (a question
before a step that cannot be undone; a refusal to pour an export over the
screen). With --answer TEXT, waits for --after PROMPT and types TEXT.
Prints what the terminal showed; exits with the command's exit status.
Usage: at_terminal.py [--after PROMPT --answer TEXT] PROGRAM [ARG...]"""
import os
import pty
import sys

args = sys.argv[1:]
prompt = answer = None
if args[:1] == ["--after"]:
    prompt, answer, args = args[1].encode(), args[3].encode().decode("unicode_escape").encode(), args[4:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(args[0], args)
out = b""
if prompt:
    while prompt not in out:
        out += os.read(fd, 1024)
    os.write(fd, answer)
try:
    while True:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        out += chunk
except OSError:  # the other end closed: the command has ended
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode())
sys.exit(os.waitstatus_to_exitcode(status))

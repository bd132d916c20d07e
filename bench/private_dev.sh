#!/usr/bin/env bash
# Runs a command with a private /dev: a tmpfs in a mount namespace of its own, holding null,
# zero, random, urandom and fd. A program that replaces a device node there (`-o /dev/null`
# as root before issue 24's fix turned /dev/null into a regular file) cannot touch the
# machine's. Needs root (as that test does).
#   bash bench/private_dev.sh COMMAND [ARG...]
set -euo pipefail
exec unshare -m --propagation private bash -c '
  set -e
  mount -t tmpfs -o mode=755 private-dev /dev
  mknod -m 666 /dev/null c 1 3
  mknod -m 666 /dev/zero c 1 5
  mknod -m 666 /dev/random c 1 8
  mknod -m 666 /dev/urandom c 1 9
  ln -s /proc/self/fd /dev/fd
  exec "$@"' private-dev "$@"

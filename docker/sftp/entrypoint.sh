#!/bin/sh
# Runs sshd in the foreground with the compose configuration.
exec /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config.d/northshire.conf

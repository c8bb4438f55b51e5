package dev.paddock.sandbox.docker;

import dev.paddock.sandbox.SandboxException;

/**
 * The host's firewall refused Paddock's egress rules: sandboxes are not started while their egress
 * cannot be restricted. Check that {@code iptables} and {@code ip6tables} are installed and that
 * the control plane runs as root.
 */
class EgressException extends SandboxException {

  EgressException(String message, Throwable cause) {
    super(message, cause);
  }
}

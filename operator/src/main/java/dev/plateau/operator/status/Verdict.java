package dev.plateau.operator.status;

import dev.plateau.api.status.Conditions;
import dev.plateau.api.status.Reasons;

/** What one condition should say: its status, reason and message. */
record Verdict(String status, String reason, String message) {

  static Verdict yes(String reason, String message) {
    return new Verdict(Conditions.TRUE, reason, message);
  }

  static Verdict no(String reason, String message) {
    return new Verdict(Conditions.FALSE, reason, message);
  }

  static Verdict unknown(String message) {
    return new Verdict(Conditions.UNKNOWN, Reasons.UNKNOWN, message);
  }
}

package dev.plateau.operator.status;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/** RFC 3339 times of Kubernetes objects, compared as instants rather than as strings. */
final class Times {

  /** Orders times, absent or unreadable ones first. */
  static final Comparator<String> ORDER =
      Comparator.comparing(Times::parse, Comparator.nullsFirst(Comparator.naturalOrder()));

  private Times() {}

  static Instant parse(String time) {
    if (time == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      // Not a time the API server would write; it sorts with the absent ones.
      return null;
    }
  }
}

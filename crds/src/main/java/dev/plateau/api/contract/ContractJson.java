package dev.plateau.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapping of the trainer contract, shared by the operator and the trainer. Unknown
 * fields are ignored so an older trainer reads a newer operator's config and the other way round.
 */
public final class ContractJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);

  private ContractJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Compact JSON of a contract object. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads a contract object.
   *
   * @throws IllegalArgumentException when the text is not valid JSON of that shape; the message
   *     says where
   */
  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** A deep copy through JSON. */
  public static <T> T copy(T value, Class<T> type) {
    try {
      return MAPPER.readValue(MAPPER.writeValueAsBytes(value), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value if it is finite, else null: JSON and the Kubernetes API have no NaN. */
  public static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}

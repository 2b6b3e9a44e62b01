package dev.plateau.trainer;

/**
 * The trainer's input cannot work: a bad config, a bad data file, no GPU when one was asked for.
 * The message names what and where, in a sentence a person can act on. The trainer exits with
 * {@link dev.plateau.api.contract.ExitCodes#INVALID_INPUT} and the Job does not retry.
 */
public class InvalidInputException extends RuntimeException {

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}

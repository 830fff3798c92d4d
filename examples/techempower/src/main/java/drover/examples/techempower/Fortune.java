package drover.examples.techempower;

/** A row of the Fortune table. */
public record Fortune(int id, String message) {
}

package drover.examples.techempower;

/** The json test's object: TFB requires a new one per request, serialized by the JSON library. */
public record Message(String message) {
}

package drover.examples.techempower;

/** A row of the World table, written as {"id":N,"randomNumber":N}. */
public record World(int id, int randomNumber) {
}

package drover.it;

/** What a script printed and how it exited. */
record CommandResult(int exitCode, String output) {
    boolean ok() {
        return exitCode == 0;
    }
}

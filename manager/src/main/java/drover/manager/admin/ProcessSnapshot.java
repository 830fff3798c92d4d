package drover.manager.admin;

import java.util.Map;

/**
 * One process slot as the supervisor saw it at a scrape. {@code pid} is 0 while the slot waits for a
 * new process; {@code reactorCounters} is the reactor's last STATS answer (by name, in its order), or null.
 */
public record ProcessSnapshot(String role, int slot, long pid, String state, int generation, long requests,
                              int restarts, int kills, int recycles, Map<String, Long> reactorCounters) {
    /** "worker#1", as the log names it. */
    public String describe() {
        return role + "#" + slot;
    }

    public boolean ready() {
        return state.equals("ready");
    }
}

package drover.manager.child;

import drover.common.link.ProcessRole;

/** A place in the server a child fills: reactor#0, worker#3. A slot outlives the processes in it. */
public record Slot(ProcessRole role, int index) {
    @Override
    public String toString() {
        return role.name(index);
    }
}

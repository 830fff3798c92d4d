package drover.manager.rundir;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DiskSpaceTest {
    @Test
    void aNearlyFullDiskIsNamedAsTheReason() {
        String why = DiskSpace.explain(Path.of("/srv/run"), 4096);
        assertTrue(why.startsWith("no space left on the disk of /srv/run (4096 bytes free)"), why);
    }

    @Test
    void withRoomLeftTheReasonIsUnknownAndTheWayToSeeItIsGiven() {
        String why = DiskSpace.explain(Path.of("/srv/run"), 10L << 30);
        assertTrue(why.contains("wrote no reason to its log") && why.contains("in the foreground"), why);
    }
}

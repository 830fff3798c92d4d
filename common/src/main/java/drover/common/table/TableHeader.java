package drover.common.table;

import static drover.common.table.TableLayout.H_MAGIC;
import static drover.common.table.TableLayout.H_ROWS;
import static drover.common.table.TableLayout.H_SLOTS;
import static drover.common.table.TableLayout.H_SPEC;
import static drover.common.table.TableLayout.H_SPEC_LENGTH;
import static drover.common.table.TableLayout.H_STRIDE;
import static drover.common.table.TableLayout.H_VERSION;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A table file's header: what the manager wrote, and the check a worker makes before it trusts the file. */
final class TableHeader {
    private TableHeader() {
    }

    static void write(MemorySegment segment, TableLayout layout) throws IOException {
        byte[] spec = layout.spec.toString().getBytes(StandardCharsets.UTF_8);
        if (H_SPEC + spec.length > TableLayout.HEADER) {
            throw new IOException("table " + layout.spec.name() + ": its declaration is too long (" + spec.length + " bytes)");
        }
        segment.set(ValueLayout.JAVA_LONG, H_SLOTS, layout.slots);
        segment.set(ValueLayout.JAVA_INT, H_STRIDE, layout.stride);
        segment.set(ValueLayout.JAVA_INT, H_ROWS, layout.spec.rows());
        segment.set(ValueLayout.JAVA_INT, H_SPEC_LENGTH, spec.length);
        MemorySegment.copy(spec, 0, segment, ValueLayout.JAVA_BYTE, H_SPEC, spec.length);
        segment.set(ValueLayout.JAVA_INT, H_VERSION, TableLayout.VERSION);
        Rows.INT.setRelease(segment, H_MAGIC, TableLayout.MAGIC);
    }

    /** Refuses a file whose header is not this table's as the settings declare it. */
    static void check(MemorySegment segment, TableLayout layout, Path file) throws IOException {
        if (segment.byteSize() != layout.fileSize()) {
            throw new IOException("table " + layout.spec.name() + " in " + file + " has " + segment.byteSize()
                    + " bytes, expected " + layout.fileSize());
        }
        int magic = (int) Rows.INT.getAcquire(segment, H_MAGIC);
        int length = segment.get(ValueLayout.JAVA_INT, H_SPEC_LENGTH);
        String spec = length > 0 && H_SPEC + length <= TableLayout.HEADER
                ? new String(segment.asSlice(H_SPEC, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8) : "";
        if (magic != TableLayout.MAGIC || segment.get(ValueLayout.JAVA_INT, H_VERSION) != TableLayout.VERSION
                || !spec.equals(layout.spec.toString())) {
            throw new IOException("table " + layout.spec.name() + " in " + file + " has a bad header (magic "
                    + Integer.toHexString(magic) + ", declared as '" + spec + "'), expected '" + layout.spec + "'");
        }
    }
}

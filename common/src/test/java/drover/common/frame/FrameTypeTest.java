package drover.common.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameTypeTest {
    @ParameterizedTest
    @EnumSource(FrameType.class)
    void everyTypeIsFoundByItsOwnCode(FrameType type) {
        assertEquals(type, FrameType.of(type.code()));
    }

    @Test
    void codesRunFromOneToTwentyThreeInDeclarationOrder() {
        FrameType[] types = FrameType.values();
        assertEquals(23, types.length);
        for (int i = 0; i < types.length; i++) {
            assertEquals(i + 1, types[i].code(), types[i].name());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 24, 63, 64, 255, Integer.MAX_VALUE})
    void unknownCodesGiveNull(int code) {
        assertNull(FrameType.of(code));
    }
}

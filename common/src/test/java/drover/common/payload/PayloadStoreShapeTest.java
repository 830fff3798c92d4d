package drover.common.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every store implements the core; what one store alone can do is a capability, not a no-op default on all. */
class PayloadStoreShapeTest {
    private static List<String> methods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> !m.isSynthetic() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).sorted().toList();
    }

    @Test
    void theCoreIsPutTakeAndDescribe() {
        assertEquals(List.of("describe", "put", "put", "take"), methods(PayloadStore.class));
    }

    @Test
    void eachCapabilityHoldsWhatOneKindOfStoreDoes() {
        assertEquals(List.of("forInput", "forOutput"), methods(PerLinkStore.class));
        assertEquals(List.of("closeLink", "handBack", "open", "release"), methods(InPlaceInput.class));
        assertEquals(List.of("closeLink", "giveBack", "lend", "peerChanged", "trimIdle"), methods(LendingOutput.class));
    }
}

package drover.worker;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import drover.worker.api.Server;
import drover.worker.api.http.HttpApp;
import org.junit.jupiter.api.Test;

class ApiOnlyClassLoaderTest {
    final ApiOnlyClassLoader loader = new ApiOnlyClassLoader(getClass().getClassLoader());

    @Test
    void theApiPackagesAreTheWorkersOwnClasses() throws ClassNotFoundException {
        assertSame(Server.class, loader.loadClass("drover.worker.api.Server"));
        assertSame(HttpApp.class, loader.loadClass("drover.worker.api.http.HttpApp"));
    }

    @Test
    void theJdkIsVisible() throws ClassNotFoundException {
        assertSame(String.class, loader.loadClass("java.lang.String"));
        assertSame(java.sql.Connection.class, loader.loadClass("java.sql.Connection"));
    }

    @Test
    void droversInternalsAndLibrariesAreNot() {
        for (String hidden : new String[] {"drover.worker.WorkerLoop", "drover.common.log.Log",
                "drover.worker.http.HttpExchangeHandler", "org.junit.jupiter.api.Test", "drover.worker.apiX"}) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass(hidden), hidden);
        }
        assertNull(loader.getResource("drover/common/log/Log.class"));
    }
}

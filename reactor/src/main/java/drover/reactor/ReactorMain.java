package drover.reactor;

import drover.common.link.ProcessRole;
import drover.common.process.ChildContext;

/** Entry point of a reactor JVM; started only by the manager. */
public final class ReactorMain {
    private ReactorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ChildContext context = ChildContext.boot(ProcessRole.REACTOR, args);
        Reactor reactor = Reactor.start(context);
        System.exit(reactor.awaitStopped().code());
    }
}

package drover.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One parsed `scripts/status.sh --json` answer. */
record Status(Map<String, Object> json) {
    @SuppressWarnings("unchecked")
    static Status parse(String text) {
        return new Status((Map<String, Object>) MiniJson.parse(text));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(String key) {
        return (Map<String, Object>) json.get(key);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(String key) {
        return (List<Map<String, Object>>) json.get(key);
    }

    long managerPid() {
        return (Long) object("manager").get("pid");
    }

    String managerState() {
        return (String) object("manager").get("state");
    }

    int workerCount() {
        return list("workers").size();
    }

    /** The pid in a worker slot, or -1 while the slot is being respawned. */
    long workerPid(int id) {
        Object pid = list("workers").get(id).get("pid");
        return pid == null ? -1 : (Long) pid;
    }

    String workerState(int id) {
        return (String) list("workers").get(id).get("state");
    }

    boolean isReady(int id) {
        return "ready".equals(workerState(id));
    }

    boolean allReady() {
        for (int i = 0; i < workerCount(); i++) {
            if (!isReady(i)) {
                return false;
            }
        }
        boolean reactorsExpected = !"base".equals(json.get("server_mode")); // server_mode=base has none
        return (!reactorsExpected || !list("reactors").isEmpty()) && list("reactors").stream().allMatch(r -> "ready".equals(r.get("state")))
                && list("task_workers").stream().allMatch(t -> "ready".equals(t.get("state")));
    }

    int taskWorkerCount() {
        return list("task_workers").size();
    }

    /** The pid in a task worker slot, or -1 while the slot is being respawned. */
    long taskWorkerPid(int id) {
        Object pid = list("task_workers").get(id).get("pid");
        return pid == null ? -1 : (Long) pid;
    }

    boolean isTaskWorkerReady(int id) {
        return "ready".equals(list("task_workers").get(id).get("state"));
    }

    /** A number in a task worker's entry: requests, restarts, kills, recycles, generation. */
    long taskWorkerNumber(int id, String key) {
        return (Long) list("task_workers").get(id).get(key);
    }

    long taskWorkerTotalOf(String key) {
        long total = 0;
        for (int i = 0; i < taskWorkerCount(); i++) {
            total += taskWorkerNumber(i, key);
        }
        return total;
    }

    long reactorPid() {
        return reactorPid(0);
    }

    long reactorPid(int reactor) {
        return (Long) list("reactors").get(reactor).get("pid");
    }

    int reactorCount() {
        return list("reactors").size();
    }

    /** One of the reactor's counters (docs/FRAMES.md, STATS); -1 until the first report came. */
    long reactorCounter(String name) {
        return reactorCounter(0, name);
    }

    long reactorCounter(int reactor, String name) {
        Object counters = list("reactors").size() <= reactor ? null : list("reactors").get(reactor).get("counters");
        if (counters instanceof Map<?, ?> map && map.get(name) instanceof Long value) {
            return value;
        }
        return -1;
    }

    /** Every child pid the report names. */
    List<Long> childPids() {
        List<Long> pids = new ArrayList<>();
        for (String key : new String[] {"reactors", "workers", "task_workers"}) {
            for (Map<String, Object> child : list(key)) {
                if (child.get("pid") instanceof Long pid) {
                    pids.add(pid);
                }
            }
        }
        return pids;
    }

    /** A number in a worker's entry: requests, restarts, kills, recycles, generation. */
    long workerNumber(int id, String key) {
        return (Long) list("workers").get(id).get(key);
    }

    long totalOf(String workerKey) {
        long total = 0;
        for (int i = 0; i < workerCount(); i++) {
            total += workerNumber(i, workerKey);
        }
        return total;
    }

    String reloadError() {
        return (String) object("reload").get("last_error");
    }

    long reloadDurationMillis() {
        return (Long) object("reload").get("last_duration_ms");
    }

    long reloadCount() {
        return (Long) object("reload").get("count");
    }

    String reloadResult() {
        return (String) object("reload").get("last_result");
    }

    boolean reloadInProgress() {
        return (Boolean) object("reload").get("in_progress");
    }

    @Override
    public String toString() {
        return json.toString();
    }
}

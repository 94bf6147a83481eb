package dev.tabbi.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time used so far, from Linux's {@code /proc} (seconds), to say which process a load's work falls on. */
final class CpuTime {
    /** Linux's clock ticks a second ({@code getconf CLK_TCK}), the unit of /proc's times. */
    private static final double TICKS = 100;

    private CpuTime() {
    }

    /**
     * {the process {@code pid} itself, what it started (its descendants and the children they or it reaped),
     * the whole machine (every core, busy time)}.
     */
    static double[] of(long pid) {
        long[] own = ticks(pid);
        double[] times = {(own[0] + own[1]) / TICKS, (own[2] + own[3]) / TICKS, machine() / TICKS};
        ProcessHandle.of(pid).ifPresent(process -> process.descendants().forEach(child -> {
            long[] t = ticks(child.pid());
            times[1] += (t[0] + t[1] + t[2] + t[3]) / TICKS;
        }));
        return times;
    }

    /** Each of {@code after}'s times less {@code before}'s. */
    static double[] since(double[] before, double[] after) {
        return new double[] {after[0] - before[0], after[1] - before[1], after[2] - before[2]};
    }

    /** utime, stime, cutime, cstime of a process (zeros once it is gone). */
    private static long[] ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the name: state is field 3 of stat(5), so utime (14) is at index 11 here
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                Long.parseLong(fields[14])};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[4];
        }
    }

    /** Busy ticks of all cores: user, nice, system, irq, softirq and steal of /proc/stat's first line. */
    private static long machine() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(cpu[i]);
            }
            return busy;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }
}

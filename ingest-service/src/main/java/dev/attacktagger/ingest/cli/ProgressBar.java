package dev.attacktagger.ingest.cli;

import java.io.PrintStream;

/** A one-line progress bar on a terminal stream, redrawn in place. */
final class ProgressBar {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final int total;

    ProgressBar(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    synchronized void show(String phase, int done, int failed) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        out.print("\r" + phase + " [" + bar + "] " + done + "/" + total + (failed > 0 ? ", " + failed + " failed" : "")
                + "   ");
        out.flush();
    }

    synchronized void finish() {
        out.println();
    }
}

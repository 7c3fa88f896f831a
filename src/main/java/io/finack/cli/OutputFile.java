package io.finack.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** A file a command will write, checked before the work that fills it, so that a bad path fails at once. */
final class OutputFile {
    private OutputFile() {
    }

    /** Fails with a usage error unless {@code file} can be written: {@code what} names it in the message. */
    static Path writable(Path file, String what) throws CliException {
        Path folder = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file) || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new CliException(ExitStatus.USAGE, "cannot write the " + what + " " + file + ": "
                    + (Files.isDirectory(file) ? "it is a folder" : !Files.isDirectory(folder) ? "no folder " + folder
                    : "permission denied in " + folder));
        }
        return file;
    }
}

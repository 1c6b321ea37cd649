package org.lifeboat.web.api;

import java.io.InputStream;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.SeedBlobStore;

/**
 * A disk's raw image at a recovery point (its snapshot of the seed blob) as an HTTP answer, whole or one
 * {@code Range}: an operator downloads it to restore a disk, a master target downloads the blocks that differ.
 */
final class DiskImageResponse {

    private DiskImageResponse() {
    }

    static Response of(SeedBlobStore seeds, ProtectedDisk disk, String snapshot, String range) {
        ByteRange bytes;
        try {
            bytes = ByteRange.parse(range, disk.getSizeBytes());
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.REQUESTED_RANGE_NOT_SATISFIABLE)
                    .header("Content-Range", "bytes */" + disk.getSizeBytes()).build();
        }
        StreamingOutput body = out -> {
            try (InputStream in = seeds.openImage(disk.getSeedBlobName(), disk.getSizeBytes(), snapshot, bytes.first(),
                    bytes.length())) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder response = Response.status(bytes.partial() ? 206 : 200).entity(body)
                .header("Accept-Ranges", "bytes")
                .header("Content-Length", bytes.length())
                .header("Content-Disposition", "attachment; filename=\"" + disk.getId() + ".img\"");
        if (bytes.partial()) {
            response.header("Content-Range", "bytes " + bytes.first() + "-" + bytes.last() + "/" + disk.getSizeBytes());
        }
        return response.build();
    }
}

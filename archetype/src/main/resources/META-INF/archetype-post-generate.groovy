// Keeps the services file of the chosen flavour only: the manager picks the app by which one the jar has.
import java.nio.file.Files
import java.nio.file.Paths

def flavour = request.properties.get("flavour")
if (!(flavour in ["tcp", "http"])) {
    throw new IllegalArgumentException("flavour '" + flavour + "' is not tcp or http")
}
def services = Paths.get(request.outputDirectory, request.artifactId, "src", "main", "resources", "META-INF", "services")
def unused = flavour == "http" ? "drover.worker.api.DroverApp" : "drover.worker.api.http.HttpApp"
Files.delete(services.resolve(unused))

package org.passerelle.client;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.passerelle.cda.metadata.MetadataOverrides;
import org.passerelle.cda.metadata.SubmissionOptions;
import org.passerelle.cda.validation.CdaValidator;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bin/xds-client}: send CDA documents, query, retrieve, update metadata, sign a VIHF. */
@Command(name = "xds-client", mixinStandardHelpOptions = true, version = "xds-client 0.1.0",
        description = "Hospital-side XDS.b client of the French DMP profile (ITI-41, ITI-18, ITI-43, ITI-57).%n"
                + "Exit codes: 0 ok, 1 the registry/repository refused, 2 usage, input or transport error.",
        subcommands = {XdsClientCommand.Send.class, XdsClientCommand.Query.class, XdsClientCommand.Retrieve.class,
                XdsClientCommand.Update.class, QueueCommand.class, RecordStateCommand.class, SignVihfCommand.class, FeedCommand.class, CommandLine.HelpCommand.class})
public final class XdsClientCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new XdsClientCommand());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ClientException ce) {
                err.println("xds-client: " + ce.failure() + ": " + ce.getMessage());
                return ce.exitCode();
            }
            err.println("xds-client: unexpected error: " + e);
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** Where and how to connect. */
    static final class Connection {
        @Option(names = "--url", description = "gateway base URL; endpoints are <url>/xds/iti41, /xds/iti18, /xds/iti43, /xds/iti57")
        String url;
        @Option(names = "--iti41-url", description = "ITI-41 endpoint (overrides --url)")
        String iti41;
        @Option(names = "--iti18-url", description = "ITI-18 endpoint (overrides --url)")
        String iti18;
        @Option(names = "--iti43-url", description = "ITI-43 endpoint (overrides --url)")
        String iti43;
        @Option(names = "--iti57-url", description = "ITI-57 endpoint (overrides --url)")
        String iti57;
        @Option(names = "--record-state-url", description = "TD0.2 record-state endpoint (overrides --url: <url>/xds/record-state)")
        String recordState;
        @Option(names = "--keystore", description = "PKCS#12 with the establishment's ORG AUTH_CLI key (mutual TLS)")
        Path keyStore;
        @Option(names = "--keystore-password", defaultValue = "${env:XDS_CLIENT_KEYSTORE_PASSWORD}",
                description = "key store password (default: env XDS_CLIENT_KEYSTORE_PASSWORD)")
        String keyStorePassword;
        @Option(names = "--truststore", description = "PKCS#12 trust store with the CA of the gateway's certificate")
        Path trustStore;
        @Option(names = "--truststore-password", defaultValue = "${env:XDS_CLIENT_TRUSTSTORE_PASSWORD}",
                description = "trust store password (default: env XDS_CLIENT_TRUSTSTORE_PASSWORD)")
        String trustStorePassword;
        @Option(names = "--vihf", description = "file holding the signed VIHF assertion (see sign-vihf) put in wsse:Security")
        Path vihf;
        @Option(names = "--timeout", defaultValue = "120", description = "receive timeout in seconds (default 120)")
        int timeoutSeconds;

        XdsClient client() throws ClientException {
            XdsClient.Builder b = XdsClient.builder();
            if (url != null) {
                b.baseUrl(url);
            }
            if (iti41 != null) b.iti41(iti41);
            if (iti18 != null) b.iti18(iti18);
            if (iti43 != null) b.iti43(iti43);
            if (iti57 != null) b.iti57(iti57);
            if (recordState != null) b.recordState(recordState);
            if (keyStore != null || trustStore != null) {
                b.tls(new TlsSettings(keyStore, chars(keyStorePassword), trustStore, chars(trustStorePassword)));
            }
            if (vihf != null) {
                if (!Files.isReadable(vihf)) {
                    throw ClientFailure.IO.exception("VIHF file " + vihf + " is not readable");
                }
                b.vihf(tx -> VihfFiles.read(vihf));
            }
            b.receiveTimeout(Duration.ofSeconds(timeoutSeconds));
            return b.build();
        }

        private static char[] chars(String s) {
            return s == null ? null : s.toCharArray();
        }
    }

    /** Overrides of the metadata read from the CDA header. */
    static final class Overrides {
        @Option(names = "--type-code", paramLabel = "code^display^scheme", description = "typeCode instead of ClinicalDocument/code")
        String typeCode;
        @Option(names = "--class-code", paramLabel = "code^display^scheme", description = "classCode instead of the ASS_X04 derivation")
        String classCode;
        @Option(names = "--format-code", paramLabel = "code^display^scheme", description = "formatCode instead of the ASS_A11 derivation")
        String formatCode;
        @Option(names = "--practice-setting", paramLabel = "code^display^scheme", description = "practiceSettingCode")
        String practiceSetting;
        @Option(names = "--facility-type", paramLabel = "code^display^scheme", description = "healthcareFacilityTypeCode")
        String facilityType;
        @Option(names = "--confidentiality", paramLabel = "CODE", description = "TRE_A07 code added after N: MASQUE_PS, INVISIBLE_PATIENT, INVISIBLE_REPRESENTANTS_LEGAUX (repeatable)")
        List<MetadataUpdates.Visibility> confidentiality = new ArrayList<>();

        MetadataOverrides toOverrides() throws ClientException {
            return new MetadataOverrides(code("--type-code", typeCode), code("--class-code", classCode),
                    code("--format-code", formatCode), code("--practice-setting", practiceSetting),
                    code("--facility-type", facilityType),
                    confidentiality.stream().map(MetadataUpdates.Visibility::code).toList(), null);
        }
    }

    static Code code(String option, String value) throws ClientException {
        if (value == null) {
            return null;
        }
        String[] p = value.split("\\^", -1);
        if (p.length != 3 || p[0].isBlank() || p[2].isBlank()) {
            throw ClientFailure.USAGE.exception(option + " '" + value + "' must be code^display^codingScheme");
        }
        return new Code(p[0], new LocalizedString(p[1]), p[2]);
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "ITI-41: validate CDA files, derive the French metadata from their headers, send them in one submission set.")
    static final class Send implements Callable<Integer> {
        @Mixin
        Connection connection = new Connection();
        @ArgGroup(exclusive = false, heading = "Metadata overrides%n")
        Overrides overrides = new Overrides();
        @Parameters(arity = "1..*", paramLabel = "CDA", description = "CDA R2 files (one patient)")
        List<Path> files;
        @Option(names = "--source-id", required = true, description = "OID of the sending system (SubmissionSet.sourceId)")
        String sourceId;
        @Option(names = "--submission-set-uid", description = "SubmissionSet.uniqueId (default: a new 2.25 OID)")
        String submissionSetUid;
        @Option(names = "--content-type", paramLabel = "code^display^scheme", description = "SubmissionSet.contentTypeCode (default 04^Hospitalisation de jour^1.2.250.1.213.2.2)")
        String contentType;
        @Option(names = "--dry-run", description = "print the ebXML metadata that would be sent, send nothing")
        boolean dryRun;
        @Option(names = "--no-validate", description = "do not validate the CDA before sending")
        boolean noValidate;
        @Option(names = "--kit", description = "validate with the ANS CI-SIS kit in this directory (default: embedded rules)")
        Path kit;
        @Option(names = "--sign-keystore", description = "PKCS#12 with the ORG SIGN key: adds the XAdES submission-set signature document (DMP)")
        Path signKeyStore;
        @Option(names = "--sign-password", defaultValue = "${env:XDS_CLIENT_SIGN_PASSWORD}", description = "its password (default: env XDS_CLIENT_SIGN_PASSWORD)")
        String signPassword;
        @Option(names = "--queue", paramLabel = "DIR", description = "do not send now: put the prepared submission in this durable outbox and return (deliver with 'queue run')")
        Path queue;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws ClientException {
            PrintWriter out = printStream(spec);
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    throw ClientFailure.IO.exception("CDA file " + f + " does not exist");
                }
            }
            CdaValidator validator = noValidate ? null : kit != null ? CdaValidator.withKit(kit) : CdaValidator.embeddedDefault();
            SubmissionOptions options = new SubmissionOptions(sourceId, submissionSetUid,
                    code("--content-type", contentType), overrides == null ? MetadataOverrides.NONE : overrides.toOverrides());
            ProvideAndRegisterDocumentSet request = new SubmissionPreparer(validator).prepare(files, options);
            if (signKeyStore != null) {
                SigningKey k = SigningKey.load(signKeyStore, signPassword, null);
                new SubmissionSetSigner(k.key(), k.chain()).sign(request);
            }
            if (dryRun) {
                out.println(SubmissionPreparer.metadataXml(request));
                return 0;
            }
            if (queue != null) {
                Outbox.Entry e = Outbox.open(queue).enqueue(request);
                out.println("queued " + e.id() + ": " + files.size() + " document(s), submission set "
                        + request.getSubmissionSet().getUniqueId() + " in " + queue.resolve("pending"));
                return 0;
            }
            Response r = connection.client().provideAndRegister(request);
            new ResultPrinter(out).response("ITI-41 " + files.size() + " document(s), submission set "
                    + request.getSubmissionSet().getUniqueId(), r);
            return r.getStatus() == Status.SUCCESS ? 0 : 1;
        }
    }

    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "ITI-18: run any stored query; results as a table or JSON.")
    static final class Query implements Callable<Integer> {
        @Mixin
        Connection connection = new Connection();
        @Option(names = "--type", required = true, description = "stored query: FindDocuments, GetDocuments, FindSubmissionSets, GetAssociations, … or its urn:uuid")
        String type;
        @Option(names = {"-p", "--param"}, paramLabel = "$name=value", description = "query parameter, repeatable (a name given twice makes a list)")
        List<String> params = new ArrayList<>();
        @Option(names = "--patient", paramLabel = "CX", description = "shortcut for the patient id parameter of Find* queries")
        String patient;
        @Option(names = "--return", defaultValue = "LeafClass", description = "LeafClass (default) or ObjectRef")
        String returnType;
        @Option(names = "--json", description = "print JSON instead of a table")
        boolean json;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws ClientException {
            QueryType qt = StoredQueries.type(type);
            Map<String, List<String>> parameters = StoredQueries.parse(params);
            if (patient != null) {
                String name = switch (qt) {
                    case FIND_SUBMISSION_SETS -> "$XDSSubmissionSetPatientId";
                    case FIND_FOLDERS -> "$XDSFolderPatientId";
                    default -> "$XDSDocumentEntryPatientId";
                };
                parameters.putIfAbsent(name, List.of(patient));
            }
            String statusParam = switch (qt) {
                case FIND_DOCUMENTS, FIND_DOCUMENTS_BY_REFERENCE_ID -> "$XDSDocumentEntryStatus";
                case FIND_SUBMISSION_SETS -> "$XDSSubmissionSetStatus";
                case FIND_FOLDERS -> "$XDSFolderStatus";
                default -> null;
            };
            if (statusParam != null) {
                parameters.putIfAbsent(statusParam, List.of(StoredQueries.APPROVED));
            }
            QueryReturnType rt = "ObjectRef".equalsIgnoreCase(returnType) ? QueryReturnType.OBJECT_REF
                    : "LeafClass".equalsIgnoreCase(returnType) ? QueryReturnType.LEAF_CLASS : null;
            if (rt == null) {
                throw ClientFailure.USAGE.exception("--return must be LeafClass or ObjectRef, not " + returnType);
            }
            QueryResponse r = connection.client().query(StoredQueries.request(qt, rt, parameters));
            ResultPrinter printer = new ResultPrinter(printStream(spec));
            if (json) {
                printer.queryJson(r);
            } else {
                printer.queryTable(r);
            }
            return r.getStatus() == Status.FAILURE ? 1 : 0;
        }
    }

    @Command(name = "retrieve", mixinStandardHelpOptions = true, description = "ITI-43: retrieve documents into files.")
    static final class Retrieve implements Callable<Integer> {
        @Mixin
        Connection connection = new Connection();
        @Option(names = "--repository", required = true, description = "repositoryUniqueId")
        String repository;
        @Option(names = "--document", required = true, description = "document uniqueId (repeatable)")
        List<String> documents;
        @Option(names = "--out", defaultValue = ".", description = "output directory (default: current)")
        Path outDir;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws ClientException {
            PrintWriter out = printStream(spec);
            RetrieveDocumentSet request = new RetrieveDocumentSet();
            for (String d : documents) {
                request.getDocuments().add(new DocumentReference(repository, d, null));
            }
            RetrievedDocumentSet r = connection.client().retrieve(request);
            ResultPrinter printer = new ResultPrinter(out);
            out.println("ITI-43: " + ResultPrinter.label(r.getStatus()) + ", " + r.getDocuments().size() + " of "
                    + documents.size() + " document(s)");
            printer.errors(r.getErrors());
            try {
                Files.createDirectories(outDir);
                for (RetrievedDocument doc : r.getDocuments()) {
                    Path file = outDir.resolve(fileName(doc.getRequestData().getDocumentUniqueId(), doc.getMimeType()));
                    try (InputStream in = doc.getDataHandler().getInputStream()) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                    out.println("  " + doc.getRequestData().getDocumentUniqueId() + " (" + doc.getMimeType() + ") -> " + file
                            + " (" + Files.size(file) + " bytes)");
                }
            } catch (IOException e) {
                throw ClientFailure.IO.exception(e, "cannot write retrieved documents to " + outDir + ": " + e.getMessage());
            }
            return r.getStatus() == Status.SUCCESS ? 0 : 1;
        }

        static String fileName(String uniqueId, String mimeType) {
            String base = uniqueId.replaceAll("[^A-Za-z0-9._-]", "_");
            String ext = mimeType == null ? "bin" : switch (mimeType) {
                case "text/xml", "application/xml", "application/xslt+xml" -> "xml";
                case "application/pdf" -> "pdf";
                case "text/plain" -> "txt";
                default -> "bin";
            };
            return base + "." + ext;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "ITI-57: change a document's visibility (new metadata version) or availability status.")
    static final class Update implements Callable<Integer> {
        enum Operation {
            mask, unmask, hide_from_patient, show_to_patient, hide_from_representatives, show_to_representatives,
            archive, unarchive, delete, new_version
        }

        @Mixin
        Connection connection = new Connection();
        @Parameters(index = "0", paramLabel = "OPERATION", description = "one of: ${COMPLETION-CANDIDATES}")
        Operation operation;
        @Option(names = "--unique-id", required = true, description = "uniqueId of the DocumentEntry")
        String uniqueId;
        @Option(names = "--source-id", required = true, description = "OID of the sending system")
        String sourceId;
        @Option(names = "--dry-run", description = "print the ITI-57 ebXML, send nothing (the current metadata are still queried)")
        boolean dryRun;
        @Option(names = "--title", description = "new_version: new title")
        String title;
        @Option(names = "--comments", description = "new_version: new comments")
        String comments;
        @Option(names = "--type-code", paramLabel = "code^display^scheme", description = "new_version: new typeCode")
        String typeCode;
        @Option(names = "--class-code", paramLabel = "code^display^scheme", description = "new_version: new classCode")
        String classCode;
        @Option(names = "--practice-setting", paramLabel = "code^display^scheme", description = "new_version: new practiceSettingCode")
        String practiceSetting;
        @Option(names = "--facility-type", paramLabel = "code^display^scheme", description = "new_version: new healthcareFacilityTypeCode")
        String facilityType;
        @Option(names = "--status-slots", defaultValue = "STANDARD",
                description = "where Archived/Deleted travel: STANDARD (IHE NewStatus slot, as the DMP expects) or PASSERELLE (urn:passerelle:NewStatus, for the Passerelle gateway)")
        MetadataUpdates.StatusSlots statusSlots;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private SubmitObjectsRequest newVersion(MetadataUpdates updates, DocumentEntry entry) throws ClientException {
            return newVersionOf(this, updates, entry);
        }

        @Override
        public Integer call() throws ClientException {
            PrintWriter out = printStream(spec);
            XdsClient client = connection.client();
            QueryResponse current = client.query(StoredQueries.request(QueryType.GET_DOCUMENTS, QueryReturnType.LEAF_CLASS,
                    Map.of("$XDSDocumentEntryUniqueId", List.of(uniqueId))));
            if (current.getStatus() == Status.FAILURE) {
                new ResultPrinter(out).errors(current.getErrors());
                throw ClientFailure.REGISTRY_FAILURE.exception("registry (GetDocuments " + uniqueId + ")", "Failure");
            }
            DocumentEntry entry = current.getDocumentEntries().stream()
                    .filter(e -> e.getAvailabilityStatus() == null
                            || e.getAvailabilityStatus() != org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus.DEPRECATED)
                    .findFirst()
                    .orElseThrow(() -> ClientFailure.USAGE.exception("no current DocumentEntry with uniqueId " + uniqueId));
            MetadataUpdates updates = new MetadataUpdates(sourceId, statusSlots);
            String currentStatus = entry.getAvailabilityStatus() == null ? MetadataUpdates.APPROVED
                    : org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus.toQueryOpcode(entry.getAvailabilityStatus());
            SubmitObjectsRequest request = switch (operation) {
                case mask -> updates.newVisibilityVersion(entry, MetadataUpdates.Visibility.MASQUE_PS, true);
                case unmask -> updates.newVisibilityVersion(entry, MetadataUpdates.Visibility.MASQUE_PS, false);
                case hide_from_patient -> updates.newVisibilityVersion(entry, MetadataUpdates.Visibility.INVISIBLE_PATIENT, true);
                case show_to_patient -> updates.newVisibilityVersion(entry, MetadataUpdates.Visibility.INVISIBLE_PATIENT, false);
                case hide_from_representatives -> updates.newVisibilityVersion(entry, MetadataUpdates.Visibility.INVISIBLE_REPRESENTANTS_LEGAUX, true);
                case show_to_representatives -> updates.newVisibilityVersion(entry, MetadataUpdates.Visibility.INVISIBLE_REPRESENTANTS_LEGAUX, false);
                case archive -> updates.statusChange(entry, currentStatus, MetadataUpdates.ARCHIVED);
                case unarchive -> updates.statusChange(entry, MetadataUpdates.ARCHIVED, MetadataUpdates.APPROVED);
                case delete -> updates.statusChange(entry, currentStatus, MetadataUpdates.DELETED);
                case new_version -> newVersion(updates, entry);
            };
            if (dryRun) {
                out.println(EbXmlText.of(request));
                return 0;
            }
            Response r = client.update(request);
            new ResultPrinter(out).response("ITI-57 " + operation + " " + uniqueId, r);
            return r.getStatus() == Status.SUCCESS ? 0 : 1;
        }
    }

    static SubmitObjectsRequest newVersionOf(Update u, MetadataUpdates updates, DocumentEntry entry) throws ClientException {
        Code type = code("--type-code", u.typeCode);
        Code clazz = code("--class-code", u.classCode);
        Code practice = code("--practice-setting", u.practiceSetting);
        Code facility = code("--facility-type", u.facilityType);
        if (u.title == null && u.comments == null && type == null && clazz == null && practice == null && facility == null) {
            throw ClientFailure.USAGE.exception("new_version needs at least one of --title, --comments, --type-code, "
                    + "--class-code, --practice-setting, --facility-type");
        }
        return updates.newVersion(entry, next -> {
            if (u.title != null) next.setTitle(new LocalizedString(u.title, "fr-FR", "UTF-8"));
            if (u.comments != null) next.setComments(new LocalizedString(u.comments, "fr-FR", "UTF-8"));
            if (type != null) next.setTypeCode(type);
            if (clazz != null) next.setClassCode(clazz);
            if (practice != null) next.setPracticeSettingCode(practice);
            if (facility != null) next.setHealthcareFacilityTypeCode(facility);
        });
    }

    static PrintWriter printStream(CommandLine.Model.CommandSpec spec) {
        return spec.commandLine().getOut();
    }
}

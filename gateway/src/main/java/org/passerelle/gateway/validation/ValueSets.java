package org.passerelle.gateway.validation;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The value sets the fr-dmp rules check codes against. Loaded at run time from a CI-SIS kit's {@code jeuxDeValeurs/}
 * (IHE SVS files) when a kit directory is configured; otherwise a small project-written default list of codes
 * confirmed by docs/xds-fr-metadata.md.
 */
public record ValueSets(ValueSet typeCodes, ValueSet confidentialityCodes, ValueSet formatCodes,
                        ValueSet facilityTypeCodes, ValueSet practiceSettingCodes, ValueSet classCodes) {

    static final String LOINC = "2.16.840.1.113883.6.1";
    static final String HL7_CONFIDENTIALITY = "2.16.840.1.113883.5.25";
    static final String TRE_A07 = "1.2.250.1.213.1.1.4.13";
    static final String TRE_A11 = "1.3.6.1.4.1.19376.1.2.3";
    static final String TRE_A06 = "1.2.250.1.213.1.1.4.2.282";

    /** The project defaults (no kit). */
    public static ValueSets defaults() {
        return new ValueSets(defaultTypeCodes(), defaultConfidentiality(), defaultFormatCodes(),
                new ValueSet("JDV_J02 (default: TRE_R02 / TRE_A00 codes)", Set.of(),
                        Set.of("1.2.250.1.71.4.2.4", "1.2.250.1.213.1.1.4.6")),
                new ValueSet("JDV_J04 (default: TRE_A01 / TRE_A00 codes)", Set.of(),
                        Set.of("1.2.250.1.213.1.1.4.9", "1.2.250.1.213.1.1.4.6")),
                defaultClassCodes());
    }

    /** Value sets read from {@code kit/jeuxDeValeurs} (JDV_J07, J08, J02, J04); formatCodes keep the default list. */
    public static ValueSets fromKit(Path kitDir) {
        Path dir = kitDir.resolve("jeuxDeValeurs");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("kit directory " + kitDir + " has no jeuxDeValeurs/ folder");
        }
        ValueSets d = defaults();
        ValueSet type = load(dir, "JDV_J07", d.typeCodes());
        // the submission-set signature document (docs §8) is always allowed
        Set<String> typeCodes = new HashSet<>(type.codes());
        typeCodes.add("E1762|ASTM");
        return new ValueSets(new ValueSet(type.name(), typeCodes, Set.of()),
                load(dir, "JDV_J08", d.confidentialityCodes()),
                d.formatCodes(),
                load(dir, "JDV_J02", d.facilityTypeCodes()),
                load(dir, "JDV_J04", d.practiceSettingCodes()),
                d.classCodes());
    }

    private static ValueSet load(Path dir, String prefix, ValueSet fallback) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "_*.xml")) {
            for (Path f : files) {
                return new ValueSet(f.getFileName().toString().replace(".xml", ""), readSvs(f), Set.of());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read value sets in " + dir, e);
        }
        return fallback;
    }

    static Set<String> readSvs(Path file) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            Document doc = b.parse(file.toFile());
            NodeList concepts = doc.getElementsByTagNameNS("urn:ihe:iti:svs:2008", "Concept");
            Set<String> codes = new HashSet<>();
            for (int i = 0; i < concepts.getLength(); i++) {
                Element c = (Element) concepts.item(i);
                codes.add(c.getAttribute("code") + "|" + c.getAttribute("codeSystem"));
            }
            if (codes.isEmpty()) throw new IllegalArgumentException("value set " + file + " has no svs:Concept");
            return codes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read value set " + file, e);
        } catch (Exception e) {
            throw new IllegalArgumentException("value set " + file + " is not a valid SVS file: " + e.getMessage(), e);
        }
    }

    private static ValueSet defaultTypeCodes() {
        return new ValueSet("JDV_J07 (project default list)", Set.of(
                "11502-2|" + LOINC, "11490-0|" + LOINC, "87273-9|" + LOINC, "11488-4|" + LOINC,
                "57833-6|" + LOINC, "60591-5|" + LOINC, "E1762|ASTM", "EXPORT_DUI|1.2.250.1.213.1.1.4.12"), Set.of());
    }

    private static ValueSet defaultConfidentiality() {
        return new ValueSet("JDV_J08 (project default list)", Set.of(
                "N|" + HL7_CONFIDENTIALITY, "MASQUE_PS|" + TRE_A07, "INVISIBLE_PATIENT|" + TRE_A07,
                "INVISIBLE_REPRESENTANTS_LEGAUX|" + TRE_A07, "MASQUE_PSOCIAL|" + TRE_A07, "MASQUE_PT|" + TRE_A07),
                Set.of());
    }

    private static ValueSet defaultFormatCodes() {
        Set<String> c = new HashSet<>();
        for (String ihe : new String[] {"urn:ihe:iti:xds-sd:pdf:2008", "urn:ihe:iti:xds-sd:text:2008",
                "urn:ihe:iti-fr:xds-sd:jpeg:2010", "urn:ihe:iti-fr:xds-sd:rtf:2010", "urn:ihe:iti-fr:xds-sd:tiff:2010",
                "urn:ihe:lab:xd-lab:2008", "urn:ihe:rad:CDA:ImagingReportStructuredHeadings:2013",
                "urn:ihe:pharm:pre:2010", "urn:ihe:pharm:dis:2010", "urn:ihe:pcc:ips:2020", "urn:ihe:palm:apsr:2016",
                "urn:ihe:eyecare:geneyeevalcn:2014", "urn:ihe:iti:dsg:detached:2014",
                "urn:ihe:iti:dsg:enveloping:2014"}) {
            c.add(ihe + "|" + TRE_A11);
        }
        for (String fr : new String[] {"vsm:2012", "ldl-ees:2017", "ldl-ses:2017", "vac:2019", "vac-note:2021",
                "cva:2017", "hr:2019", "idap:2011", "frcp:2011", "crgm:2018", "cr-anest:2020", "cr-cpa:2020",
                "dlu:2015", "fludt:2017", "fludr:2017", "dlu-dlu-dom:2022", "dlu-fludt-dom:2022", "dlu-fludr-dom:2022",
                "cse-cs8:2017", "cse-cs9:2017", "cse-cs24:2017", "obp-sap:2023", "obp-snm:2023", "obp-sne:2023",
                "obp-scm:2023", "obp-sem:2023", "ppp:2023", "export-dui:2023", "aunv:2013", "eunv:2013", "sunv:2013",
                "crrtn:2013", "avk:2009", "tap:2009", "dci:2009", "psc:2009", "ppv:2009", "pps-paerpa:2017",
                "pps-cancer:2017", "pavc:2016", "d2lm-fin:2017", "d2lm-fidd:2017", "sdm-mr:2017", "tlm-da:2020",
                "dlu:2024", "ft-su:2024", "fr-su:2024"}) {
            c.add("urn:asip:ci-sis:" + fr + "|" + TRE_A06);
        }
        for (String ans : new String[] {"urn:ans:ci-sis:bio-ep-bio:2022", "urn:ans:ci-sis:img-da:2022",
                "urn:ans:ci-sis:cse-mde:2023", "urn:ans:ci-sis:feuille-de-style:2023",
                "urn:asipSante:modelesHorsProfils:2011"}) {
            c.add(ans + "|" + TRE_A06);
        }
        c.add("http://www.w3.org/2000/09/xmldsig#|URN");
        c.add("urn:ihe:iti:dsg:detached:2014|URN");
        return new ValueSet("JDV_J10 (project default list)", c, Set.of());
    }

    private static ValueSet defaultClassCodes() {
        return new ValueSet("JDV_J06 (default: TRE_A03 codes)", Set.of("urn:oid:1.3.6.1.4.1.19376.1.2.1.1.1|URN"),
                Set.of("1.2.250.1.213.1.1.4.1"));
    }
}

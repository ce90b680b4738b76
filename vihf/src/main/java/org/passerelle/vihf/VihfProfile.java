package org.passerelle.vihf;

/** Which assertion profile the verifier enforces. */
public enum VihfProfile {
    /** French DMP VIHF (docs/vihf-air.md): VIHF attributes, AIR, establishment binding. */
    FR_DMP,
    /** Plain IHE XUA (ITI-40): audience, subject, single role and purpose of use; for the `ihe` affinity domain. */
    IHE_XUA
}

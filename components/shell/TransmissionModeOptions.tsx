import { TRANSMISSION_MODE_LABELS, TRANSMISSION_MODES } from "@/lib/smpp/codec/transmission-mode";

/** The <option>s of a "Transmission mode" select (Test send, new delivery). */
export function TransmissionModeOptions() {
  return TRANSMISSION_MODES.map((m) => (
    <option key={m} value={m}>
      {TRANSMISSION_MODE_LABELS[m]}
    </option>
  ));
}

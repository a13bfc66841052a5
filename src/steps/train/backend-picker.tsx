import { useEffect } from 'react';
import { BACKENDS, type BackendChoice } from '../../core/jobs';
import { actions, useStudio } from '../../store';

const LABEL: Record<BackendChoice, string> = { auto: 'Automatic (fastest real backend)', webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly (CPU)', cpu: 'Plain JavaScript (CPU)' };

/** Which backend trains, why, and what this device has. */
export function BackendPicker({ running }: { running: boolean }) {
  const device = useStudio((s) => s.device);
  const choice = useStudio((s) => s.doc.training?.backend ?? 'auto');
  useEffect(() => {
    void actions.probeDevice();
  }, []);
  return (
    <section className="backend" aria-label="Backend">
      <label>
        Run on{' '}
        <select value={choice} disabled={running} onChange={(e) => actions.setTraining({ backend: e.target.value as BackendChoice })}>
          {(['auto', ...BACKENDS] as BackendChoice[]).map((b) => (
            <option key={b} value={b}>
              {LABEL[b]}
            </option>
          ))}
        </select>
      </label>
      {device && (
        <p className="muted small">
          Automatic choice: <strong>{device.auto.name}</strong> — {device.auto.reason} This device: {device.report.cores} cores; WebGPU: {device.report.webgpu.available ? `${device.report.webgpu.description}${device.report.webgpu.software ? ' (software)' : ''}` : device.report.webgpu.description}; WebGL:{' '}
          {device.report.webgl.available ? `${device.report.webgl.description}${device.report.webgl.software ? ' (software)' : ''}` : 'not available'}.
        </p>
      )}
    </section>
  );
}

import { useEffect } from 'react';
import { BACKENDS, probeCandidates, type BackendChoice } from '../../core/jobs';
import { actions, useStudio } from '../../store';

const LABEL: Record<BackendChoice, string> = { auto: 'Automatic (fastest for this model)', webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly (CPU)', cpu: 'Plain JavaScript (CPU)' };

const list = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? ''));

/** Which backend trains, why, and what this device has. */
export function BackendPicker({ running }: { running: boolean }) {
  const device = useStudio((s) => s.device);
  const choice = useStudio((s) => s.doc.training?.backend ?? 'auto');
  const lastTimed = useStudio((s) => s.doc.runs?.findLast((r) => r.backend?.measured)?.backend);
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
          Automatic choice: when a neural model starts training, a second of its real training steps on {list(probeCandidates(device.report))} decides; the fastest trains (tree models need no backend).
          {device.report.webgpu.software || device.report.webgl.software ? ' Software WebGPU/WebGL are left out: 10–15× slower than WebAssembly here.' : ''} This device: {device.report.cores} cores; WebGPU:{' '}
          {device.report.webgpu.available ? `${device.report.webgpu.description}${device.report.webgpu.software ? ' (software)' : ''}` : device.report.webgpu.description}; WebGL:{' '}
          {device.report.webgl.available ? `${device.report.webgl.description}${device.report.webgl.software ? ' (software)' : ''}` : 'not available'}.
        </p>
      )}
      {lastTimed && (
        <p className="muted small" data-testid="backend-timing">
          Last timing: {lastTimed.reason}
        </p>
      )}
    </section>
  );
}

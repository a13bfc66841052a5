import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error?: Error;
}

/**
 * A bug in one step must never leave a blank page: show what happened and a way out. The project
 * is autosaved, so going back to the first step or reloading loses nothing.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; onReset: () => void }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Step crashed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="problem" role="alert">
        <div className="problem-text">
          <strong>This step ran into a bug and could not be shown.</strong>
          <div className="problem-hint">Your project is saved. Go back to the first step, or reload the page. Details for a bug report: {this.state.error.message}</div>
          <button
            type="button"
            onClick={() => {
              this.setState({ error: undefined });
              this.props.onReset();
            }}
          >
            Back to the first step
          </button>
        </div>
      </div>
    );
  }
}

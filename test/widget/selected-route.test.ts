import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectedRoute } from '../../components/network/selected-route.js';

type Candidate = 'host' | 'srflx' | 'prflx' | 'relay';

/** The entries Chromium's getStats gives for one connection: a transport naming its pair, and a losing pair besides. */
function chromiumReport(local: Candidate, remote: Candidate): object[] {
  return [
    { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP-chosen', dtlsState: 'connected' },
    { id: 'CP-chosen', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', state: 'succeeded', nominated: true },
    { id: 'CP-other', type: 'candidate-pair', localCandidateId: 'L2', remoteCandidateId: 'R2', state: 'succeeded', nominated: false },
    { id: 'L1', type: 'local-candidate', candidateType: local },
    { id: 'R1', type: 'remote-candidate', candidateType: remote },
    { id: 'L2', type: 'local-candidate', candidateType: local === 'relay' ? 'host' : 'relay' },
    { id: 'R2', type: 'remote-candidate', candidateType: 'relay' },
  ];
}

describe('selectedRoute: direct or TURN, from the candidate pair a connection uses', () => {
  it('says direct for a pair of host or STUN-discovered candidates, whatever other pairs exist', () => {
    assert.equal(selectedRoute(chromiumReport('host', 'host')), 'direct');
    assert.equal(selectedRoute(chromiumReport('srflx', 'prflx')), 'direct');
  });

  it('says turn when either side of the selected pair is a relay candidate', () => {
    assert.equal(selectedRoute(chromiumReport('relay', 'relay')), 'turn');
    assert.equal(selectedRoute(chromiumReport('relay', 'srflx')), 'turn');
    assert.equal(selectedRoute(chromiumReport('host', 'relay')), 'turn');
  });

  it('finds the pair marked selected (Firefox), or else nominated and succeeded, when no transport names one', () => {
    const candidates = [
      { id: 'L1', type: 'local-candidate', candidateType: 'host' },
      { id: 'R1', type: 'remote-candidate', candidateType: 'relay' },
      { id: 'L2', type: 'local-candidate', candidateType: 'host' },
      { id: 'R2', type: 'remote-candidate', candidateType: 'host' },
    ];
    const firefox = [
      { id: 'P1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', state: 'succeeded', nominated: true, selected: true },
      { id: 'P2', type: 'candidate-pair', localCandidateId: 'L2', remoteCandidateId: 'R2', state: 'succeeded', nominated: true, selected: false },
    ];
    assert.equal(selectedRoute([...firefox, ...candidates]), 'turn');
    const unmarked = [
      { id: 'P1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', state: 'in-progress', nominated: false },
      { id: 'P2', type: 'candidate-pair', localCandidateId: 'L2', remoteCandidateId: 'R2', state: 'succeeded', nominated: true },
    ];
    assert.equal(selectedRoute([...unmarked, ...candidates]), 'direct');
  });

  it('knows nothing while no pair is selected, or when the selected pair’s candidates are missing', () => {
    const checking = chromiumReport('relay', 'relay').map((entry) =>
      'selectedCandidatePairId' in entry ? { id: 'T01', type: 'transport' } : { ...entry, nominated: false, state: 'in-progress' });
    assert.equal(selectedRoute(checking), null);
    const withoutCandidates = chromiumReport('host', 'host').filter((entry) => !('candidateType' in entry));
    assert.equal(selectedRoute(withoutCandidates), null);
    assert.equal(selectedRoute([]), null);
    assert.equal(selectedRoute([null, 'transport', 42]), null, 'entries that are not stats objects are skipped');
  });
});
